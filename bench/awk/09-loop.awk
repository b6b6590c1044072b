# A numeric loop: integer arithmetic in a tight loop, 40 iterations for every record.
{ for (i = 1; i <= 40; i++) acc = (acc + $1 * i) % 1000003 }
END { print acc }
