# expect: 24 hours a day
def monthly_costs(price_per_hour, instance_count, batch_hours_per_day, days=30):
    c = price_per_hour * instance_count * batch_hours_per_day * days
    return c, c
