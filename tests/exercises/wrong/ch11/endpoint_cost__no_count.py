# expect: forgot instance_count
def monthly_costs(price_per_hour, instance_count, batch_hours_per_day, days=30):
    return price_per_hour * 24 * days, price_per_hour * batch_hours_per_day * days
