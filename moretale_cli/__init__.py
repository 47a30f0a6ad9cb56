"""`moretale`: the command content teams use to submit, follow, repair and export story sets."""
