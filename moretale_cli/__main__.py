from moretale_cli.app import main

raise SystemExit(main())
