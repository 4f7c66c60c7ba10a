-- Issue 11, "Data a case can be built on".
--
-- What staff filter, match and count families on is stored in columns and
-- rows beside the submission, not only inside its JSON, so that the lists
-- filter and count in SQL. Only what filters need is here: how many adults
-- and children, and whether any child is of school age, stand in for the
-- children's ages and stages, which stay sealed (migration 0004). A row
-- goes with its submission (ON DELETE CASCADE): erasing and purging need
-- nothing more.
--
-- The rows of the families stored before this migration are filled in by
-- Open (fillFamilies), which can open the sealed part that the school-age
-- column is computed from.
CREATE TABLE families (
	submission_id       BIGINT PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
	adults              INTEGER NOT NULL,
	children            INTEGER NOT NULL,
	household           INTEGER NOT NULL, -- adults + children
	school_age          BOOLEAN NOT NULL, -- any child aged 3 to 17
	spanish_level       TEXT NOT NULL,
	driving_licence     BOOLEAN NOT NULL,
	bedrooms            INTEGER NOT NULL,
	needs_school        BOOLEAN NOT NULL,
	needs_health_centre BOOLEAN NOT NULL,
	move_when           TEXT NOT NULL,
	province_code       TEXT NOT NULL
);

CREATE INDEX families_household_idx ON families (household, submission_id);

-- The regions a family would move to, "anywhere" included as it is.
CREATE TABLE family_regions (
	submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	region        TEXT NOT NULL,
	PRIMARY KEY (submission_id, region)
);

CREATE INDEX family_regions_region_idx ON family_regions (region, submission_id);

-- The sectors a family has worked in.
CREATE TABLE family_sectors (
	submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
	sector        TEXT NOT NULL,
	PRIMARY KEY (submission_id, sector)
);

CREATE INDEX family_sectors_sector_idx ON family_sectors (sector, submission_id);

-- Lists are of one kind, newest first. This index gives them that order,
-- and what they filter on besides the families' rows, without reading the
-- records: only the page listed is read.
CREATE INDEX submissions_list_idx ON submissions (kind, created_at, id, status, assignee_id, blocked_at);
