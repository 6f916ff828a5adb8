from postcheck.cli import main

main()
