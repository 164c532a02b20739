-- The entered criteria of a year (recognition_entries.csv): one row per unit and criterion.
-- params: $year integer
select unit_code, criterion, met, document, note, entered_on, "user"
from recognition_entries
where year = $year::integer
order by unit_code, criterion
