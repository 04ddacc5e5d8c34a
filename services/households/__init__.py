"""Households after the hire (issue 13): who must be helped, their plans, and their income.

- `rules.py`: THE rules, once: working age (16-59 on the county's date), a zero-employment household
  (working-age members, nobody in work), a household that needs a plan (一户一策), in SQL and Python;
- `lists.py`: figures per township and per site, and the paged lists (GROUP BY, never whole tables);
- `plans.py`: record and update a household's plan (steps kept, never overwritten; audited);
- `income_rule.py`: THE rule for a household's wage income per member per year against the poverty line;
  `income.py` the page's figures and list, `income_status.py` reading them from the status rows.
"""
