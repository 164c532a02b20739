-- The underlying rows of one activity ('outreach', 'patrols', 'commitments', 'mediations') in a
-- scope and period, with place names and Vietnamese labels: one row per record, by date, each
-- carrying total_rows (how many rows match in all). kind_label is the topic / occasion /
-- commitment type / dispute type; detail_label the outreach format or mediation outcome;
-- people = attendees or participants. Pages ask for the first $row_limit rows (a page rerun
-- must not carry 85.000 patrols, a year at 1M rows); the downloads pass null: every row.
-- params: $activity varchar, $communes varchar[], $unit_set varchar, $date_from date,
--         $date_to date, $model_type varchar ('' = all rows; else rows carrying such a model),
--         $row_limit bigint (null = all rows)
with scoped as (
    select
        village_code,
        village_name,
        case when $unit_set = '2025' then commune_name_2025 else commune_name end as unit_name
    from village_units
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

unified as (
    select 'outreach' as activity, record_id, held_on as on_date, village_code, model_id,
           'topic' as kind_column, topic as kind_value, 'format' as detail_column,
           format as detail_value, attendees as people, null::bigint as households
    from outreach
    union all
    select 'patrols', record_id, held_on, village_code, model_id, 'occasion', occasion,
           null, null, participants, null
    from patrols
    union all
    select 'commitments', record_id, signed_on, village_code, model_id, 'commitment_type',
           commitment_type, null, null, null, households
    from commitments
    union all
    select 'mediations', record_id, held_on, village_code, model_id, 'dispute_type',
           dispute_type, 'outcome', outcome, null, null
    from mediations
),

matching as (
    select u.*, s.village_name, s.unit_name, m.model_name, m.model_type
    from unified as u
    join scoped as s using (village_code)
    left join models as m using (model_id)
    where u.activity = $activity
      and u.on_date between $date_from::date and $date_to::date
      and ($model_type = '' or m.model_type = $model_type)
),

-- With a row limit only the rows shown are sorted and labelled (a top-N), not every match.
picked as (
    select *, count(*) over () as total_rows
    from matching
    order by on_date, record_id
    limit $row_limit
)

select
    p.record_id,
    p.on_date,
    p.unit_name,
    p.village_name,
    p.model_name,
    coalesce(k.label, p.kind_value) as kind_label,
    coalesce(d.label, p.detail_value) as detail_label,
    p.people,
    p.households,
    p.total_rows
from picked as p
left join vocab as k
    on k."table" = p.activity and k."column" = p.kind_column and k.value = p.kind_value
left join vocab as d
    on d."table" = p.activity and d."column" = p.detail_column and d.value = p.detail_value
order by p.on_date, p.record_id
