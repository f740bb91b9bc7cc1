-- Removes a closing instance's held counts, so health stops counting them at once.
-- {schema} the library's schema
-- $1 text  instance id
DELETE FROM {schema}.rabbitmq_consumers WHERE instance_id = $1
