-- The first 1.000 stored rows of outreach.csv (file order), each carrying total_rows: how
-- many rows the table has. What the data page shows; the downloads read the whole table.
-- params: none
with total as (
    select count(*)::bigint as total_rows
    from outreach
)

select
    record_id,
    held_on,
    village_code,
    model_id,
    topic,
    format,
    attendees,
    total.total_rows
from outreach
cross join total
limit 1000
