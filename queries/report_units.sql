-- The units that owe reports in both unit sets and the mapping between them: one row per
-- 2024 unit with its 2025 successor (and any 2025 unit with no 2024 unit, 2024 side null).
-- params: none
select
    c.commune_code,
    c.commune_name,
    n.commune_code_2025,
    n.commune_name_2025
from communes as c
full outer join communes_2025 as n on n.commune_code_2025 = c.commune_code_2025
order by c.commune_code, n.commune_code_2025
