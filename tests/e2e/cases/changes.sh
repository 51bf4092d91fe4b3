# Updates that only change impact or components, and components named in another case.
incident open "Checkout slow" --component "Shop/Checkout" --impact minor
incident update 1 --impact major
incident update 1 --component "shop/checkout" --component "Shop/Payments"
incident update 1
incident open "Checkout down again" --component "SHOP/CHECKOUT"
incident show 1
incident show 2
incident export 1 --format md
incident export 1 --format json | python3 -c "import json,sys; i = json.load(sys.stdin)['incidents'][0]; print([u['body'] for u in i['incident_updates']]); print([c['name'] for c in i['components']])"
