-- Per 2024 commune (with its 2025 commune): the first and the newest activity or incident
-- record dated before $today. What the completeness rule calls "records through the end of a
-- period" (antt.data.complete): a record dated today is of a day not over yet.
-- params: $today date
select
    r.commune_code,
    r.commune_code_2025,
    min(r.on_date)::date as first_on,
    max(r.on_date)::date as latest_on
from (
    select commune_code, commune_code_2025, on_date from activities
    union all
    select commune_code, commune_code_2025, occurred_on from incident_rows
) as r
where r.on_date < $today::date and r.commune_code is not null
group by r.commune_code, r.commune_code_2025
order by r.commune_code
