# Concatenate fields into a new string, then print it.
{ line = $4 " " $5 " by " $2 " from " $3; print line }
