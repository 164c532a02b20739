-- The date of the newest activity or incident record: the "số liệu tính đến" stamp.
-- params: none
select max(on_date)::date as latest_on
from (
    select on_date from activities
    union all
    select occurred_on from incidents
)
