-- The first 1.000 stored rows of commitments.csv (file order), each carrying total_rows: how
-- many rows the table has. What the data page shows; the downloads read the whole table.
-- params: none
with total as (
    select count(*)::bigint as total_rows
    from commitments
)

select
    record_id,
    signed_on,
    village_code,
    model_id,
    commitment_type,
    households,
    total.total_rows
from commitments
cross join total
limit 1000
