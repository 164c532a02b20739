-- The first 1.000 stored rows of models.csv (file order), each carrying total_rows: how
-- many rows the table has. What the data page shows; the downloads read the whole table.
-- params: none
with total as (
    select count(*)::bigint as total_rows
    from models
)

select
    model_id,
    model_name,
    model_type,
    village_code,
    established_on,
    ended_on,
    members,
    total.total_rows
from models
cross join total
limit 1000
