-- Incidents of the listed fields in a window, for the "không để xảy ra" criteria of TT 124
-- (data/recognition.toml): one row per incident, with its labels and the unit of its village in
-- the year's unit set. params: $fields varchar[], $date_from date, $date_to date,
-- $unit_set varchar
select
    i.record_id,
    i.occurred_on,
    i.village_code,
    v.village_name,
    coalesce(c.label, i.category) as category_label,
    coalesce(f.label, i.field) as field_label,
    i.field,
    i.resolved,
    unit_code(i.commune_code, i.commune_code_2025, $unit_set) as unit_code
from incident_rows as i
join village_units as v on v.village_code = i.village_code
left join vocab as c on c."table" = 'incidents' and c."column" = 'category' and c.value = i.category
left join vocab as f on f."table" = 'incidents' and f."column" = 'field' and f.value = i.field
where list_contains($fields::varchar[], i.field)
  and i.occurred_on between $date_from::date and $date_to::date
order by i.occurred_on, i.record_id
