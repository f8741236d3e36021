"""The operations of the evaluations app, one module per part of the year:
cycles (templates, opening), workflow (the steps of one evaluation), certification, pay."""
