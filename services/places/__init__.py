"""Where people come from and go to: fairs and sites, the county's townships and villages,
provinces and cities, and the QR posters that lead to registration.

* fairs.py, sites.py — creating, editing and listing them (forms.py: their shared checks,
  codes.py: the codes in their links);
* fair_status.py — a fair's status from its dates in the county's time zone (one rule, in
  Python and in SQL);
* sources.py — where a registration came from (a QR link's code), and registration links;
* county.py, geography.py — the county file; provinces, cities and distances;
* village_search.py, pinyin.py — finding a village by characters, pinyin or initials ("yj" → 岩脚村);
* posters/ — the printable QR posters.
"""
