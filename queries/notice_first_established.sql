-- The first establishment date of a model of the chosen type in the scope (the notice's default
-- period start) and how many such models were ever set up: one row (first_on null when none).
-- params: $communes varchar[], $unit_set varchar, $model_type varchar ('' = any type)
with scoped as (
    select village_code
    from village_units
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

picked as (
    select m.established_on
    from models as m
    where m.village_code in (select village_code from scoped)
      and ($model_type = '' or m.model_type = $model_type)
)

select min(established_on)::date as first_on, count(*)::bigint as models
from picked
