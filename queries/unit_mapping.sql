-- One row per 2024 commune (or town) that has villages: its code and the 2025 commune it became
-- part of (null when the 2025 mapping is missing), in code order. Used to carry a commune choice
-- across when the user switches the unit set.
-- params: none
select distinct
    commune_code,
    commune_code_2025
from village_units
order by commune_code, commune_code_2025
