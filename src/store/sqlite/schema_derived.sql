-- V21: only decisions about playbook milestones are stored (issue 19 item 2): the date the
-- playbook gave the milestone a row stands for (NULL: none it asks for now). The hook
-- (`derive_migration.rs`) fills it and drops the rows derivation gives back.
ALTER TABLE milestone ADD COLUMN origin TEXT;
