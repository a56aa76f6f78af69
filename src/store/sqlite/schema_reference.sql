-- Reference accounts (标杆案例, PLAYBOOK §13): NULL = not a reference.
ALTER TABLE account ADD COLUMN reference_stage TEXT;
ALTER TABLE account ADD COLUMN reference_since TEXT;
