"""Sessions asking at the same moment: ``at_once(n, ask)`` calls ``ask()`` in
``n`` threads started together and returns what each got."""

import threading


def at_once(n: int, ask) -> list:
    got = []
    threads = [threading.Thread(target=lambda: got.append(ask())) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return got
