-- The raw baselines' own queue table: the customer's reliable_messages columns with the claim
-- order's tie-breaker (seq) and the same four indexes as the library's table at commit 28bfebd
-- (its migration 0001). A copy, not the library's migration, so that a redesign of the library's
-- table never changes what the raw baselines measure. No parameters.
CREATE TABLE reliable_messages (
    id                  uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    queue_name          varchar(100) NOT NULL,
    message_type        varchar(100) NOT NULL,
    payload             jsonb        NOT NULL,
    headers             jsonb        NOT NULL DEFAULT '{}',
    priority            integer      NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 2),
    created_at          timestamptz  NOT NULL DEFAULT now(),
    scheduled_for       timestamptz  NOT NULL DEFAULT now(),
    first_due_at        timestamptz  NOT NULL DEFAULT now(),
    processed_at        timestamptz,
    retry_count         integer      NOT NULL DEFAULT 0,
    max_retries         integer      NOT NULL DEFAULT 3,
    retry_delay_ms      integer,
    status              varchar(20)  NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
    correlation_id      varchar(100),
    tenant_id           varchar(50),
    country_code        varchar(3),
    attempts            integer      NOT NULL DEFAULT 0,
    lease_expires_at    timestamptz,
    locked_by           varchar(100),
    started_at          timestamptz,
    last_error          text,
    last_failed_at      timestamptz,
    dead_letter_reason  text,
    seq                 bigint       GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX reliable_messages_claim_idx
    ON reliable_messages (queue_name, priority DESC, scheduled_for, seq)
    WHERE status = 'pending';

CREATE INDEX reliable_messages_lease_idx
    ON reliable_messages (queue_name, lease_expires_at)
    WHERE status = 'processing';

CREATE INDEX reliable_messages_finished_idx
    ON reliable_messages (queue_name, status, processed_at)
    WHERE status IN ('completed', 'failed');
