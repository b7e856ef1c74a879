-- Demo clinic data; filled in by the seed migration work.
select 1;
