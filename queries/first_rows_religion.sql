-- The first 1.000 stored rows of religion.csv (file order), each carrying total_rows: how
-- many rows the table has. What the data page shows; the downloads read the whole table.
-- params: none
with total as (
    select count(*)::bigint as total_rows
    from religion
)

select
    year,
    village_code,
    religion,
    households,
    people,
    total.total_rows
from religion
cross join total
limit 1000
