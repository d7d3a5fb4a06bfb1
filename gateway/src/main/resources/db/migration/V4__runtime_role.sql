-- Who may do what. The migrations run as the database's owner (deploy/k8s: the octflow-db-migrate Job); the gateway
-- runs as a member of octflow_runtime, which reads and writes rows and changes no schema. A superuser (the local
-- stack) needs no such role; anyone else must have it created first (deploy/k8s/database: CloudNativePG's managed
-- roles; an external database: deploy/README.md gives the SQL).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'octflow_runtime') THEN
        IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            RETURN;
        END IF;
        RAISE EXCEPTION 'role octflow_runtime does not exist: create it (NOLOGIN), make the gateway''s user a member and run the migration again (deploy/README.md, "The database")';
    END IF;
    GRANT USAGE ON SCHEMA public TO octflow_runtime;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO octflow_runtime;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO octflow_runtime;
    -- The gateway validates the migration history at start: it reads it, never writes it.
    REVOKE INSERT, UPDATE, DELETE ON flyway_schema_history FROM octflow_runtime;
    -- Tables and sequences of later migrations (created by this owner) are granted the same way.
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO octflow_runtime;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO octflow_runtime;
    -- Before PostgreSQL 15 everyone may create tables in public; the schema's owner takes that right away.
    IF (SELECT nspowner FROM pg_namespace WHERE nspname = 'public') = (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
END $$;
