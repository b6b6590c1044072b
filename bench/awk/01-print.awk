# Print every line: the cost of reading records and writing them out.
{ print }
