-- The seed's AFTER INSERT trigger, on a channel named after the table's schema so that no other
-- program on the server shares it. No parameters.
CREATE FUNCTION notify_new_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_new_message_' || NEW.queue_name, NEW.id::text);
    RETURN NEW;
END;
$$;
CREATE TRIGGER trigger_notify_message AFTER INSERT ON reliable_messages
FOR EACH ROW EXECUTE FUNCTION notify_new_message();
