# printf of fields: formatted output with widths, an integer and a fixed-point conversion.
{ printf "%-8s %5d %9d %8.3f %s\n", $2, $6, $7, $8, $4 }
