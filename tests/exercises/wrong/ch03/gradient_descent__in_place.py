# expect: changed x0 in place
def gradient_descent(grad, x0, learning_rate=0.1, n_iter=100):
    x = x0
    for _ in range(n_iter):
        x -= learning_rate * grad(x)
    return x
