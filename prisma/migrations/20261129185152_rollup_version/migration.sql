-- CreateTable
CREATE TABLE "rollup_version" (
    "orgId" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "rollup_version_pkey" PRIMARY KEY ("orgId")
);


-- Bumped once per statement (not per row) for each organization the statement touched, from the statement's
-- transition tables: a COPY of a million rollup deltas costs one upsert per organization.
CREATE FUNCTION bump_rollup_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_version ("orgId", version)
  SELECT DISTINCT "orgId", 1 FROM changed_rows
  ON CONFLICT ("orgId") DO UPDATE SET version = rollup_version.version + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER daily_usage_inserted AFTER INSERT ON daily_usage REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER daily_usage_updated AFTER UPDATE ON daily_usage REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER daily_usage_deleted AFTER DELETE ON daily_usage REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER daily_usage_detail_inserted AFTER INSERT ON daily_usage_detail REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER daily_usage_detail_updated AFTER UPDATE ON daily_usage_detail REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER daily_usage_detail_deleted AFTER DELETE ON daily_usage_detail REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER exchange_rate_inserted AFTER INSERT ON exchange_rate REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER exchange_rate_updated AFTER UPDATE ON exchange_rate REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER exchange_rate_deleted AFTER DELETE ON exchange_rate REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER team_inserted AFTER INSERT ON team REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER team_updated AFTER UPDATE ON team REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER team_deleted AFTER DELETE ON team REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER workflow_inserted AFTER INSERT ON workflow REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER workflow_updated AFTER UPDATE ON workflow REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
CREATE TRIGGER workflow_deleted AFTER DELETE ON workflow REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_rollup_version();
