-- The underlying rows of one activity ('outreach', 'patrols', 'commitments', 'mediations') in a
-- scope and period, with place names and Vietnamese labels: one row per record, by date, each
-- carrying total_rows (how many rows match in all). kind_label is the topic / occasion /
-- commitment type / dispute type; detail_label the outreach format or mediation outcome;
-- people = attendees or participants; the codes beside the labels (village_code, model_id,
-- kind, detail) are for the Dữ liệu page's downloads. Pages ask for the first $row_limit rows (a page rerun
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

-- the vocab columns each activity's kind and detail come from (for their labels)
vocab_columns as (
    select * from (values
        ('outreach', 'topic', 'format'),
        ('patrols', 'occasion', null),
        ('commitments', 'commitment_type', null),
        ('mediations', 'dispute_type', 'outcome')
    ) as t (activity, kind_column, detail_column)
),

matching as (
    select
        a.activity,
        a.record_id,
        a.on_date,
        a.village_code,
        a.model_id,
        a.kind as kind_value,
        a.detail as detail_value,
        case when a.activity in ('outreach', 'patrols') then a.people end as people,
        case when a.activity = 'commitments' then a.households end as households,
        s.village_name,
        s.unit_name,
        m.model_name
    from activities as a
    join scoped as s using (village_code)
    left join models as m using (model_id)
    where a.activity = $activity
      and a.on_date between $date_from::date and $date_to::date
      and ($model_type = '' or a.model_type = $model_type)
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
    p.village_code,
    p.unit_name,
    p.village_name,
    p.model_id,
    p.model_name,
    p.kind_value as kind,
    coalesce(k.label, p.kind_value) as kind_label,
    p.detail_value as detail,
    coalesce(d.label, p.detail_value) as detail_label,
    p.people,
    p.households,
    p.total_rows
from picked as p
left join vocab_columns as c using (activity)
left join vocab as k
    on k."table" = p.activity and k."column" = c.kind_column and k.value = p.kind_value
left join vocab as d
    on d."table" = p.activity and d."column" = c.detail_column and d.value = p.detail_value
order by p.on_date, p.record_id
