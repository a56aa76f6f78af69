-- Team schema V2 (issue 19 item 2): only decisions about playbook milestones are stored;
-- each row keeps the date the playbook gave the milestone it stands for (NULL: none it
-- asks for now). `derive_migration.rs` fills it and drops the rows derivation gives back.
ALTER TABLE radar.milestone ADD COLUMN origin date;
