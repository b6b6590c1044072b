# User function calls: three small functions called for every record.
function max(a, b) { return a > b ? a : b }
function clamp(x, lo, hi) { return x < lo ? lo : (x > hi ? hi : x) }
function score(status, bytes) { return clamp(bytes - 1000, 0, 50000) + (status >= 500 ? 100 : 0) }
{ total += score($6, $7); biggest = max(biggest, $7) }
END { print total, biggest }
