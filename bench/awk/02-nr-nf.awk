# Print NR and NF of every line: splitting into fields, number output.
{ print NR, NF }
