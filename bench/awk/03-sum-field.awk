# Sum a field: string-to-number conversion and arithmetic on every record.
{ bytes += $7 }
END { print bytes, NR }
