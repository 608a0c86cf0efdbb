"""The handbook loop: what agents could not answer becomes a lead's decision. Open questions
(questions), agents' proposals (proposals), harvested customer wordings (wordings,
wording_rule), entry health and gaps (health), announcements and notifications
(announcements), near-duplicate grouping (grouping) and input parsing (inputs); `intake` is
the narrow service `suggest` calls. The lead pages and API over it live in kb/leads/."""
