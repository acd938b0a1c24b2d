from faultlines.cli import app

app()
