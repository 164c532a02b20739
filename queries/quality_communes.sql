-- Names of every 2024 commune and its 2025 successor, for the missing-report flags.
select c.commune_code, c.commune_name, c.commune_code_2025, n.commune_name_2025
from communes as c
left join communes_2025 as n using (commune_code_2025);
