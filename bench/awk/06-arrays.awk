# Count with arrays: associative arrays keyed by field values and by split() pieces.
# for (k in a) visits keys in an order POSIX leaves open: the harness compares this output sorted.
{
    hits[$2]++
    bytes[$6] += $7
    n = split($5, part, "/")
    for (i = 2; i <= n; i++) path[part[i]]++
}
END {
    for (k in hits) print "user", k, hits[k]
    for (k in bytes) print "status", k, bytes[k]
    for (k in path) print "path", k, path[k]
}
