"""Where people come from and go to: fairs and sites, the county's townships and villages,
provinces and cities, and the QR posters that lead to registration."""
