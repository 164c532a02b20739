-- The former districts (before 01/7/2025) of the units that have villages, with their old and
-- new communes: the filter bar's district shortcut. A 2025 commune may take land from two.
-- params: none
select distinct
    district_code,
    district_name,
    commune_code,
    commune_code_2025
from village_units
order by district_code, commune_code, commune_code_2025
