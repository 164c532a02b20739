-- The models of each unit for the criterion "ít nhất 01 mô hình hoạt động hiệu quả" (TT 124
-- Điều 5 khoản 1): every model active on some day of the window, whether it covers the whole
-- window, and in how many calendar months of the window it has any activity row.
-- params: $date_from date, $date_to date, $unit_set varchar
with months as (
    select model_id, count(distinct date_trunc('month', on_date))::integer as active_months,
           array_to_string(list_transform(
               list_sort(list(distinct date_trunc('month', on_date))),
               lambda m: strftime(m, '%m/%Y')), ', ') as month_list
    from activities
    where model_id is not null
      and on_date between $date_from::date and $date_to::date
    group by model_id
)

select
    m.model_id,
    m.model_name,
    m.model_type,
    m.established_on,
    m.ended_on,
    m.village_code,
    unit_code(v.commune_code, v.commune_code_2025, $unit_set) as unit_code,
    (m.established_on <= $date_from::date
     and (m.ended_on is null or m.ended_on >= $date_to::date)) as whole_window,
    coalesce(mo.active_months, 0) as active_months,
    coalesce(mo.month_list, '') as month_list
from models as m
join village_units as v using (village_code)
left join months as mo using (model_id)
where m.established_on <= $date_to::date
  and (m.ended_on is null or m.ended_on >= $date_from::date)
order by unit_code, m.established_on, m.model_id
