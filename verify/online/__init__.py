"""Online checks, only when asked (``verify scan --online``, ``verify check URL``): is each post
still up, who posted it and when, where links lead, is there an archived copy."""
