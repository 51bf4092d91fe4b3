# Counts are decimal and never negative, in search as in list.
incident open "Checkout errors" "Payment API errors" --at "2019-07-01 10:00"
incident open "Checkout slow" "Checkout latency" --at "2019-07-02 10:00"
incident open "Search down" "Search errors" --at "2019-07-03 10:00"
incident search checkout -n -1
incident search checkout -n 010
incident -q search checkout -n 01
incident -q list -n 010
# A bare date means the start of that day, wherever a range is taken.
incident -q list --since 2019-07-02
incident -q list --until 2019-07-02
incident -q search checkout --since 2019-07-02
incident stats --since 2019-07-02 --until 2019-07-03
# A range that ends before it starts is refused.
incident list --since 2019-07-03 --until 2019-07-01
incident stats --since "2019-07-03 12:00" --until 2019-07-03
incident export --since 2019-07-03 --until 2019-07-02
