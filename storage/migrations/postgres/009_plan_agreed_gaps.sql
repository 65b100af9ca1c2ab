-- Why a plan was agreed although something was missing (goals, obligations, a review date,
-- a responsible person): the staff member's words, shown on the plan and in its document.
ALTER TABLE support_paths ADD COLUMN agreed_gaps TEXT;
