-- The first 1.000 stored rows of incidents.csv (file order), each carrying total_rows: how
-- many rows the table has. What the data page shows; the downloads read the whole table.
-- params: none
with total as (
    select count(*)::bigint as total_rows
    from incidents
)

select
    record_id,
    occurred_on,
    village_code,
    category,
    field,
    resolved,
    total.total_rows
from incidents
cross join total
limit 1000
