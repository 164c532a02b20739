-- The allowed values and labels of one coded column, in file order.
-- params: $table varchar, $column varchar
select value, label
from vocab
where "table" = $table and "column" = $column
