-- The official centre of every unit of a unit set (the map draws a unit without a polygon as a
-- point there). params: $unit_set '2024' | '2025'
select commune_code as unit_code, lat, lon
from communes
where $unit_set <> '2025' and lat is not null and lon is not null
union all
select commune_code_2025 as unit_code, lat, lon
from communes_2025
where $unit_set = '2025' and lat is not null and lon is not null
order by unit_code
