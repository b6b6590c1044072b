# Regular-expression matching on fields, with a dynamic regex too.
BEGIN { slow = "^[0-9]*[1-9]\\.[5-9]" }
$5 ~ /^\/api\/v[0-9]+\/(users|orders)\/[0-9]+$/ { api++ }
$3 ~ /^10\.0\.[0-9]+\.1[0-9]*$/                 { subnet++ }
$9 ~ /err|fail/                                 { failed++ }
$8 ~ slow                                       { slowish++ }
END { print api, subnet, failed, slowish }
