-- When each clock's awaited act was recorded (NULL until it is), so that `overdue=true` finds the
-- duties that were missed and are still not done: a duty done late stays MISSED (types.proto).
ALTER TABLE referral_deadlines ADD COLUMN completion_time timestamptz;
CREATE INDEX referral_deadlines_overdue ON referral_deadlines (due_time)
  WHERE state = 3 AND completion_time IS NULL;
